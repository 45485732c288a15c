import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI 3 document of every route, as served at /docs-json and written by `dist/scripts/openapi-dump.js`. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('mpsc-tracker')
      .setDescription(
        'Funding and portfolio tracker for the federal programme Modellprojekte Smart Cities. Money is integer euro cents in fields named …Cents; null means unknown, never 0. Errors: { statusCode, code, message, details }.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}
