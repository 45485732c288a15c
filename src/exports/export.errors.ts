import { Forbidden } from '../common/errors/domain-error';

/** Every error of requesting an export, with its stable code. */

export const noBody = () => new Forbidden('EXPORT.NO_BODY', 'This municipality account is not bound to a body.');
