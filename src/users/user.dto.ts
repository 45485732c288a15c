import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageMeta, PageQuery } from '../common/pagination';
import { ROLES, type Role } from './user.entity';

export class CreateUserDto {
  @ApiProperty({ example: 'smart@kassel.example' })
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @ApiProperty({ minLength: 12, maxLength: 200, description: 'At least 12 characters. Stored as an Argon2id hash only.' })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ description: 'Required for role municipality (the body the account acts for); not allowed otherwise.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  bodyId?: number;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'false locks the account out at once (its tokens stop working).' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ minLength: 12, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password?: string;
}

export class UserDto {
  @ApiProperty()
  id!: number;

  @ApiProperty()
  email!: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;

  @ApiProperty({ nullable: true, type: Number })
  bodyId!: number | null;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class ListUsersQuery extends PageQuery {}

export class UserPageDto extends PageMeta {
  @ApiProperty({ type: [UserDto] })
  items!: UserDto[];
}
