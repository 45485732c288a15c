/** Jest with @swc/jest: NestJS 12 ships ES modules, which plain Jest cannot load on Node 20 (see README, Development). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  // web/src: the web app's pure logic (formatting, URL state, CSV, error texts); its pages are tested in a browser (e2e/*.pw.ts).
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/web/src'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': swc,
    '^.+\\.m?js$': swc,
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|load-esm|strtok3|token-types|@tokenizer|uint8array-extras|content-disposition|cookie|@fastify/cookie)/)'],
  testTimeout: 30000,
};
