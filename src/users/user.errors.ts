import { Conflict, NotFound } from '../common/errors/domain-error';

/** Every error about accounts, with its stable code. */

export const userNotFound = (id: number) => new NotFound('USER.NOT_FOUND', 'user', id);

export const emailTaken = (email: string) => new Conflict('USER.EMAIL_TAKEN', `An account for ${email} exists already.`);
