/**
 * How often live screens (the inbox, the notices, the escalation queue) ask the API whether
 * anything changed. Each poll sends the last answer's ETag, so an unchanged list costs a 304 and
 * no rendering. Polling rather than server-sent events: the API has no events feed yet (issue 11).
 */
export const LIVE_INTERVAL_MS = 10_000;
