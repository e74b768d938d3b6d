/** Configuration from the environment, parsed once at start-up. Nothing else reads process.env. */
import { z } from 'zod';

const Port = z.coerce.number().int().min(0).max(65535);

export const Config = z.object({
	PORT: Port.default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	DATA_DIR: z.string().min(1).default('./data'),
	DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://').optional(),
	REDIS_URL: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://').optional(),
	PUBLIC_URL: z.url().optional(),
	LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
	/** How long an empty room stays in memory (ms). */
	ROOM_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
	/** Largest WebSocket frame accepted (bytes). */
	MAX_FRAME_BYTES: z.coerce.number().int().min(1024).max(256 * 1024 * 1024).default(8 * 1024 * 1024),
	/** Where the built SvelteKit app is (adapter-node output). */
	BUILD_DIR: z.string().default('./build')
});
export type Config = z.infer<typeof Config>;

/** Parses the environment; throws one readable message listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
	// Empty strings mean "unset" (as in a .env file with KEY=).
	const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
	const parsed = Config.safeParse(cleaned);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
	}
	return parsed.data;
}
