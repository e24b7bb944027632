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
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import/no-extraneous-dependencies': ['error', { devDependencies: ['test/**', 'local/**', 'scripts/**', 'bin/**', 'lib/**', 'web/build.ts'] }],
    },
  },
);
