import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { IdParam } from '../common/route-id';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Page } from '../common/pagination';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserDto, UserPageDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('users')
@Roles('officer')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create an account (officer). A municipality account is bound to one body.' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'An account with this e-mail exists already (USER.EMAIL_TAKEN).' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: 'All accounts (officer).' })
  @ApiOkResponse({ type: UserPageDto })
  list(@Query() query: ListUsersQuery): Promise<Page<UserDto>> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account (officer).' })
  @ApiOkResponse({ type: UserDto })
  get(@IdParam() id: number): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Deactivate or reactivate an account, or set a new password (officer).' })
  @ApiOkResponse({ type: UserDto })
  update(@CurrentActor() actor: Actor, @IdParam() id: number, @Body() body: UpdateUserDto): Promise<UserDto> {
    return this.users.update(actor, id, body);
  }
}
