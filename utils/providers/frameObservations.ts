/**
 * A HubSpot page may show its provider picker in a frame of its own origin. Each frame's content script reports
 * what it sees; the tab's report is the frames' reports merged, one observation per target.
 */
import type { ProviderObservation } from './providerDetection';

/** One frame's last report. `where`: the frame's path, for the reasons shown; null for the top frame. */
export interface FrameReport {
  where: string | null;
  providers: ProviderObservation[];
}

/**
 * Per target, the frame that shows it decides; the top frame's observation stands when no frame shows it. Frames that
 * show it and disagree make it unknown, since either may be the picker a user sees.
 */
export function mergeFrameReports(frames: readonly FrameReport[]): ProviderObservation[] {
  const [first] = frames;
  if (!first) return [];
  const order = [...new Set(frames.flatMap((frame) => frame.providers.map((provider) => provider.profileId)))];
  return order.flatMap((profileId) => {
    const seen = frames.flatMap(({ where, providers }) => {
      const observation = providers.find((provider) => provider.profileId === profileId);
      return observation ? [{ where, observation }] : [];
    });
    const found = seen.filter(({ observation }) => observation.matchedBy !== 'none');
    const fallback = seen.find(({ where }) => where === null) ?? seen[0];
    if (found.length === 0) return fallback ? [fallback.observation] : [];
    const inFrame = ({ where, observation }: (typeof found)[number]): ProviderObservation =>
      where === null ? observation : { ...observation, signals: [`in the frame ${where}`, ...observation.signals] };
    const [head] = found;
    const states = new Set(found.map(({ observation }) => observation.state));
    if (!head || states.size === 1) return head ? [inFrame(head)] : [];
    return [
      {
        ...head.observation,
        state: 'unknown',
        matches: found.reduce((sum, { observation }) => sum + observation.matches, 0),
        signals: [`${found.length} frames disagree`, ...found.map(({ where, observation }) => `${where ?? 'the page'}: ${observation.state}`)],
      },
    ];
  });
}
