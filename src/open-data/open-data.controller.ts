import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { OPEN_DATA_TYPES, type OpenDataFile } from './open-data.model';
import { OpenDataService } from './open-data.service';

interface Reply {
  code(status: number): Reply;
  header(name: string, value: string): Reply;
  send(body?: Buffer): unknown;
}

interface Conditions {
  'if-none-match'?: string;
  'if-modified-since'?: string;
}

/** The client's copy is current: a matching ETag, or (without If-None-Match) no change since If-Modified-Since. */
function notModified(conditions: Conditions, etag: string, lastModified: Date): boolean {
  const tags = conditions['if-none-match'];
  if (tags !== undefined) return tags.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
  const since = Date.parse(conditions['if-modified-since'] ?? '');
  return Number.isFinite(since) && lastModified.getTime() <= since;
}

const NOT_MODIFIED = { status: 304, description: 'Not modified: the If-None-Match / If-Modified-Since copy is current.' };

@ApiTags('open data')
@Public()
@Controller('open-data')
export class OpenDataController {
  constructor(private readonly openData: OpenDataService) {}

  @Get('360giving.json')
  @ApiOperation({ summary: '360Giving 1.4 grant package: one grant per project whose grant a source states.' })
  @ApiOkResponse({ description: '360Giving package (JSON).' })
  @ApiResponse(NOT_MODIFIED)
  giving(@Headers() headers: Conditions, @Res() reply: Reply): Promise<unknown> {
    return this.send('360giving.json', headers, reply);
  }

  @Get('catalog.jsonld')
  @ApiOperation({ summary: 'DCAT-AP.de catalogue of the open-data files, for data portals.' })
  @ApiOkResponse({ description: 'DCAT-AP.de catalogue (JSON-LD).' })
  @ApiProduces('application/ld+json')
  @ApiResponse(NOT_MODIFIED)
  catalog(@Headers() headers: Conditions, @Res() reply: Reply): Promise<unknown> {
    return this.send('catalog.jsonld', headers, reply);
  }

  @Get('projects.csv')
  @ApiOperation({ summary: 'Every project, one row each, with stable English column names (RFC 4180, UTF-8).' })
  @ApiOkResponse({ description: 'CSV.' })
  @ApiProduces('text/csv')
  @ApiResponse(NOT_MODIFIED)
  projects(@Headers() headers: Conditions, @Res() reply: Reply): Promise<unknown> {
    return this.send('projects.csv', headers, reply);
  }

  @Get('funding-summary.csv')
  @ApiOperation({ summary: 'Grants, commitments and disbursements by programme, Staffel, category and Land (RFC 4180, UTF-8).' })
  @ApiOkResponse({ description: 'CSV.' })
  @ApiProduces('text/csv')
  @ApiResponse(NOT_MODIFIED)
  fundingSummary(@Headers() headers: Conditions, @Res() reply: Reply): Promise<unknown> {
    return this.send('funding-summary.csv', headers, reply);
  }

  private async send(name: OpenDataFile, headers: Conditions, reply: Reply): Promise<unknown> {
    const file = await this.openData.file(name);
    reply
      .header('ETag', file.etag)
      .header('Last-Modified', file.lastModified.toUTCString())
      .header('Cache-Control', 'public, max-age=300, must-revalidate');
    if (notModified(headers, file.etag, file.lastModified)) return reply.code(304).send();
    return reply.header('Content-Type', OPEN_DATA_TYPES[name]).send(file.body);
  }
}
