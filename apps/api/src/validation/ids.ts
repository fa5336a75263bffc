const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID; ids of directives, tasks, escalations and requests are UUIDs. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
