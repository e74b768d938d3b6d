// The board lives in the browser: Konva, IndexedDB and the WebSocket have no server-side rendering.
export const ssr = false;
