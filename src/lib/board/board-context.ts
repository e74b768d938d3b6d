import { createContext } from 'svelte';
import type { BoardState } from './board-state.svelte.js';

export const [getBoard, setBoard] = createContext<BoardState>();
