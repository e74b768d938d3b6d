import { createMemoryStore } from './memory-store.js';
import { describeDocStore } from './doc-store.contract.js';
import { describeBoardStore } from './board-store.contract.js';
import { describeVoteStore } from './vote-store.contract.js';
import { describeHistoryStore } from './history-store.contract.js';
import { describeBoardDeletion } from './board-deletion.contract.js';

// The memory store cannot reopen, so the durability clauses report as skipped here.
describeDocStore('MemoryStore', async () => ({ store: createMemoryStore() }));
describeBoardStore('MemoryStore', async () => ({ store: createMemoryStore() }));
describeVoteStore('MemoryStore', async () => ({ store: createMemoryStore() }));
describeHistoryStore('MemoryStore', async () => ({ store: createMemoryStore() }));
describeBoardDeletion('MemoryStore', async () => ({ store: createMemoryStore() }));
