import { Body } from '../bodies/body.entity';
import { Commitment } from '../funding/commitment.entity';
import { Disbursement } from '../funding/disbursement.entity';
import { Category } from '../programme/category.entity';
import { FundingRound } from '../programme/funding-round.entity';
import { Programme } from '../programme/programme.entity';
import { State } from '../programme/state.entity';
import { Project } from '../projects/project.entity';

/** Every entity, listed once, for Nest and for the migration CLI alike. */
export const ENTITIES = [Programme, FundingRound, Category, State, Body, Project, Commitment, Disbursement];
