/**
 * Agencies people can say they come from when they join, built from the player groups in the
 * method (domain.md 1.1). "Other" lets people type their own.
 */
export const AGENCIES = [
	'School',
	'Alternative provision or PRU',
	'Special school',
	'Multi-academy trust',
	'Local authority education',
	'Early help',
	"Children's social care",
	'Health or CAMHS',
	'Youth justice',
	'Police',
	'Voluntary and community sector',
	'Parent or carer',
	'Young person',
	'Strategic or national body'
] as const;
