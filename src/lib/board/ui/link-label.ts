/** Words for a join link, as facilitators see it in People and Invite people. */
import type { LinkInfo } from '$lib/doc/members.js';

const ROLE = { facilitator: 'facilitator', participant: 'participant', viewer: 'viewer' } as const;

function time(ms: number): string {
	return new Date(ms).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/**
 * "participant link (current)", "participant link made 5 Dec, 14:05 (replaced 5 Dec, 15:10)", or "link
 * from before links were recorded" when the person joined before this was kept.
 *
 * @example describeLink('k3v9', links) // 'participant link (current)'
 */
export function describeLink(linkId: string | null, links: readonly LinkInfo[]): string {
	const link = linkId ? links.find((l) => l.id === linkId) : undefined;
	if (!link) return 'link from before links were recorded';
	const sameRole = links.filter((l) => l.role === link.role);
	const name = `${ROLE[link.role]} link`;
	if (link.retiredAt === null) return sameRole.length > 1 ? `${name} made ${time(link.createdAt)} (current)` : `${name} (current)`;
	return `${name} made ${time(link.createdAt)} (replaced ${time(link.retiredAt)})`;
}
