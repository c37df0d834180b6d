/**
 * 哀悼模式: settings.yml `mourning` turns the site (or only the home page) grey from `from` to
 * `to`, both days included, in the association's time zone. The build decides, so the site must
 * be built on the first day and the day after the last (CI's daily build does; see docs).
 */
import type { Settings } from '../../content/schema.ts';
import { today } from '../dates/now.ts';

export type MourningScope = 'off' | 'site' | 'home';

/** Which pages are grey today. */
export function mourningScope(settings: Settings, at?: Date): MourningScope {
	const m = settings.mourning;
	if (!m?.from || !m.to) return 'off';
	const day = today(settings.timezone, at);
	if (day < m.from || day > m.to) return 'off';
	return m.home_only ? 'home' : 'site';
}
