/** The baseline's projection: an activity that does nothing, so only Temporal's round trips remain. */
import type { BareProgress } from './bare.contract';

/** What the bare workflow proxies. */
export interface BareActivities {
  noOpProjection(change: BareProgress & { sequence: number }): Promise<void>;
}

/** The activities the benchmark's own worker registers. */
export const bareActivities: BareActivities = {
  async noOpProjection(): Promise<void> {
    return;
  },
};
