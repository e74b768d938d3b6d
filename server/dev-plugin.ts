export function syncDevServer() { return { name: 'convene-sync-dev' }; }
