/** A setting the server needs and does not have: no retry can fix it, only the operator. */
export class MissingSettingError extends Error {}
