/** Domain errors carry fields and messages, never an HTTP status: the web layer maps them. */
export interface FieldError {
  field: string;
  message: string;
}

export class ValidationError extends Error {
  constructor(readonly details: FieldError[]) {
    super(details.map((d) => `${d.field}: ${d.message}`).join('; '));
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends Error {
  constructor(readonly what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

/** An existing record cannot change this way (e.g. editing a submitted assessment). */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** What was asked for existed but is no longer available (a closed round, a withdrawn invitation). */
export class GoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoneError';
  }
}

/** The store could not write (disk full, read-only, I/O error): nothing was saved. */
export class StorageUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`storage unavailable: ${reason}`);
    this.name = 'StorageUnavailableError';
  }
}
