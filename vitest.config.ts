import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const lib = fileURLToPath(new URL('./src/lib', import.meta.url));

export default defineConfig({
	resolve: { alias: { $lib: lib } },
	test: {
		projects: [
			{
				resolve: { alias: { $lib: lib } },
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts', 'server/**/*.test.ts'],
					environment: 'node',
					// Projects with different worker limits must run as separate groups in one `vitest run`.
					sequence: { groupOrder: 0 }
				}
			},
			{
				resolve: { alias: { $lib: lib } },
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					testTimeout: 30_000,
					hookTimeout: 60_000,
					// Each file starts its own servers on free ports; two cores, so two at a time.
					maxWorkers: 2,
					sequence: { groupOrder: 1 }
				}
			},
			{
				resolve: { alias: { $lib: lib } },
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000,
					fileParallelism: false,
					sequence: { groupOrder: 2 }
				}
			}
		]
	}
});
