// Only for dependency-cruiser: SvelteKit's $lib alias, which it cannot read from the generated tsconfig.
const path = require('node:path');
module.exports = { resolve: { alias: { $lib: path.resolve(__dirname, 'src/lib') }, extensions: ['.ts', '.js', '.svelte', '.json'] } };
