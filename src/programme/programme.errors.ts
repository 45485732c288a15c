import { NotFound } from '../common/errors/domain-error';

/** Every error about the programme, with its stable code. */

export const programmeNotSeeded = () => new NotFound('PROGRAMME.NOT_SEEDED', 'programme', 'current');
