/**
 * The retained count topics: `<prefix>/<zone>/<label>` objects in the zone now, `<prefix>/<line>/<label>`
 * crossings since the counts were reset (with `/in` and `/out`). Pure: the states, and what changed.
 */
import type { MonitorCounts } from '../../monitor/scene';
import type { MonitorConfig } from '../../monitor/types';
import { topics } from './topics';

/** Classes announced for a zone or line that names none (every class counts there; people are what most watch). */
export const DEFAULT_CLASSES = ['person'];

/** Every count topic and its value now; configured classes are there at 0 before anything is seen. */
export function countStates(prefix: string, config: MonitorConfig, counts: MonitorCounts | null): Map<string, string> {
  const states = new Map<string, string>();
  for (const zone of config.zones) {
    const occupancy = counts?.zones[zone.name]?.occupancy ?? {};
    for (const label of labelsOf(zone.classes, occupancy))
      states.set(topics.count(prefix, zone.name, label), String(occupancy[label] ?? 0));
  }
  for (const line of config.lines) {
    const { in: inward = {}, out: outward = {} } = counts?.lines[line.name] ?? {};
    for (const label of labelsOf(line.classes, inward, outward)) {
      const topic = topics.count(prefix, line.name, label);
      const crossedIn = inward[label] ?? 0;
      const crossedOut = outward[label] ?? 0;
      states.set(topic, String(crossedIn + crossedOut));
      states.set(`${topic}/in`, String(crossedIn));
      states.set(`${topic}/out`, String(crossedOut));
    }
  }
  return states;
}

/** The entries of `next` whose value differs from `previous` (all of them when previous is empty). */
export function changedStates(
  previous: ReadonlyMap<string, string>,
  next: ReadonlyMap<string, string>,
): [string, string][] {
  return [...next].filter(([topic, value]) => previous.get(topic) !== value);
}

/** Configured classes (or the default), then any other class counted there. */
export function labelsOf(classes: string[] | undefined, ...counted: Record<string, number>[]): string[] {
  const labels = new Set(classes?.length ? classes : DEFAULT_CLASSES);
  for (const record of counted) for (const label of Object.keys(record)) labels.add(label);
  return [...labels];
}
