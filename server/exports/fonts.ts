/** The DejaVu fonts (from the dejavu-fonts-ttf package) that every export draws text with: they cover most of Unicode. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json'));

export const FONT_FILES = {
	regular: join(root, 'ttf', 'DejaVuSans.ttf'),
	bold: join(root, 'ttf', 'DejaVuSans-Bold.ttf'),
	italic: join(root, 'ttf', 'DejaVuSans-Oblique.ttf')
} as const;

export const FONT_FAMILY = 'DejaVu Sans';
