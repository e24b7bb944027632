// ESLint flat config: typescript-eslint with type information (for no-floating-promises) and import hygiene.
const tseslint = require('typescript-eslint');
const importPlugin = require('eslint-plugin-import');

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'coverage/', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    plugins: { import: importPlugin },
    // Resolve TypeScript sources, so path-based rules know what an import points at.
    settings: { 'import/resolver': { node: { extensions: ['.js', '.ts', '.d.ts'] } } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import/no-extraneous-dependencies': ['error', { devDependencies: ['test/**', 'local/**', 'scripts/**', 'bin/**', 'lib/**', 'web/build.ts'] }],
      // The dependency rule: the deployed handlers and the browser app import nothing outside themselves, and the CDK
      // app never imports its tools or tests.
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './lambda', from: ['./lib', './local', './scripts', './test', './web', './bin'] },
            { target: './web/src', from: ['./lib', './lambda', './local', './scripts', './test', './bin'] },
            { target: './lib', from: ['./local', './scripts', './test'] },
          ],
        },
      ],
    },
  },
);
