import { ApiProperty } from '@nestjs/swagger';

export class GrantTotals {
  @ApiProperty({ description: 'Projects counted.' })
  projectCount!: number;

  @ApiProperty({ description: 'Sum of the federal grants that a source states, in euro cents. Unknown grants are not in it.' })
  grantedCents!: number;

  @ApiProperty({ description: 'Projects whose grant no source states (counted as unknown, never as 0).' })
  projectsWithUnknownGrant!: number;

  @ApiProperty({ description: 'Projects whose stated grant is marked uncertain by its source.' })
  projectsWithUncertainGrant!: number;
}

export class RoundDto extends GrantTotals {
  @ApiProperty({ example: 1 })
  number!: number;

  @ApiProperty({ example: 2019 })
  year!: number;

  @ApiProperty({ nullable: true, type: String, example: 'Gemeinwohl und Netzwerkstadt/Stadtnetzwerk' })
  motto!: string | null;

  @ApiProperty({ description: 'Projects the programme selected in this round.', example: 13 })
  selectedCount!: number;

  @ApiProperty({ nullable: true, type: String, format: 'date' })
  announcedOn!: string | null;

  @ApiProperty()
  source!: string;
}

export class ProgrammeDto extends GrantTotals {
  @ApiProperty({ example: 'MPSC' })
  code!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 82000000000, description: 'Programme budget in euro cents.' })
  budgetCents!: number;

  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ example: 6500, description: 'Standard grant rate in basis points (65 %).' })
  standardRateBp!: number;

  @ApiProperty({ example: 9000, description: 'Grant rate for municipalities in a budget emergency, basis points (90 %).' })
  reducedRateBp!: number;

  @ApiProperty({ nullable: true, type: String, example: '436' })
  kfwProgramme!: string | null;

  @ApiProperty({ format: 'date' })
  startsOn!: string;

  @ApiProperty({ format: 'date' })
  endsOn!: string;

  @ApiProperty({ description: 'True for generated benchmark programmes; false for the real MPSC data.' })
  synthetic!: boolean;

  @ApiProperty()
  source!: string;

  @ApiProperty({ type: [RoundDto] })
  rounds!: RoundDto[];
}

export class CategoryDto extends GrantTotals {
  @ApiProperty({ example: 'GROSSSTADT' })
  code!: string;

  @ApiProperty({ example: 'Großstädte' })
  name!: string;
}

export class StateDto extends GrantTotals {
  @ApiProperty({ example: 'DE-HE', description: 'ISO 3166-2 code.' })
  code!: string;

  @ApiProperty({ example: 'Hessen' })
  name!: string;

  @ApiProperty({
    description:
      'Projects counted here that span several Länder. Their whole grant counts in each Land they span, so Land totals can add up to more than the programme total.',
  })
  multiStateProjectCount!: number;
}
