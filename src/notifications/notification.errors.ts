import { NotFound } from '../common/errors/domain-error';

/** Every error about notifications, with its stable code. Another account's notification is "not found". */

export const notificationNotFound = (id: number) => new NotFound('NOTIFICATION.NOT_FOUND', 'notification', id);
