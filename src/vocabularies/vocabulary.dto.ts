import { ApiProperty } from '@nestjs/swagger';
import { Matches, MaxLength } from 'class-validator';

export class TermDto {
  @ApiProperty({ example: 'zukunftsfaehige_mobilitaet' })
  code!: string;

  @ApiProperty({ example: 'Zukunftsfähige Mobilität' })
  label!: string;
}

export class VocabulariesDto {
  @ApiProperty({ type: [TermDto], description: 'The eight Smart City qualities.' })
  qualities!: TermDto[];

  @ApiProperty({ type: [TermDto], description: 'The seven guidelines of the data strategies for urban development.' })
  guidelines!: TermDto[];

  @ApiProperty({ type: [TermDto], description: 'The values of the deck.' })
  values!: TermDto[];

  @ApiProperty({ type: [TermDto], description: 'Fields of action (officers may add more).' })
  fieldsOfAction!: TermDto[];
}

export class CreateFieldOfActionInput {
  @ApiProperty({ pattern: '^[a-z][a-z0-9_]{1,59}$', example: 'smarte_verwaltung' })
  @Matches(/^[a-z][a-z0-9_]{1,59}$/, { message: 'code must be 2–60 lowercase letters, digits or _, starting with a letter' })
  code!: string;

  @ApiProperty({ maxLength: 300, example: 'Smarte Verwaltung' })
  @MaxLength(300)
  @Matches(/\S/, { message: 'label must not be blank' })
  label!: string;
}
