/** Grouping a list by a key: the site model's categories, the search index's periods. */

/** Items by key, in the order of their first appearance; each list keeps the items' order. */
export function groupBy<T, K>(
	items: readonly T[],
	key: (item: T, index: number) => K
): Map<K, T[]> {
	const map = new Map<K, T[]>();
	for (const [index, item] of items.entries()) {
		const k = key(item, index);
		const list = map.get(k);
		if (list) list.push(item);
		else map.set(k, [item]);
	}
	return map;
}
