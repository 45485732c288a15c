import { NotFound } from '../common/errors/domain-error';

/** Every error about a project, with its stable code. Another body's project is "not found" too (404, never 403). */

export const projectNotFound = (idOrSlug: string | number) => new NotFound('PROJECT.NOT_FOUND', 'project', idOrSlug);
