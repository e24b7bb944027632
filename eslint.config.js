// ESLint flat config: typescript-eslint with type information (for no-floating-promises) and import hygiene.
const tseslint = require('typescript-eslint');
const importPlugin = require('eslint-plugin-import');

const ALARM_RULES = [
  {
    selector:
      'NewExpression[callee.property.name=/^(Alarm|CompositeAlarm|AnomalyDetectionAlarm)$/], NewExpression[callee.name=/^(Alarm|CompositeAlarm|AnomalyDetectionAlarm)$/]',
    message: 'Make alarms with the AlarmFactory (lib/alarms/alarm-factory.ts), never directly.',
  },
  {
    selector: "CallExpression[callee.property.name='createAlarm']",
    message: 'Make alarms with the AlarmFactory (lib/alarms/alarm-factory.ts), never with createAlarm.',
  },
];
const ACKNOWLEDGEMENT_RULES = [
  {
    selector: "CallExpression[callee.property.name='acknowledge'], MemberExpression[object.name='NagSuppressions']",
    message: "Accept a finding in its pack's file under lib/security/acknowledgements, never in a construct.",
  },
];

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
      'import/no-extraneous-dependencies': [
        'error',
        { devDependencies: ['test/**', 'local/**', 'scripts/**', 'bin/**', 'lib/**', 'web/build.ts'] },
      ],
      // The dependency rule: facts that cross layers live in contract/, which imports nothing outside itself; the
      // deployed handlers import only the contract, the browser app nothing outside web/, and the CDK app never
      // imports its tools or tests.
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './contract',
              from: ['./lambda', './lib', './local', './scripts', './test', './web', './bin', './canary'],
            },
            { target: './lambda', from: ['./lib', './local', './scripts', './test', './web', './bin'] },
            {
              target: './web/src',
              from: ['./contract', './lib', './lambda', './local', './scripts', './test', './bin'],
            },
            { target: './lib', from: ['./local', './scripts', './test'] },
          ],
        },
      ],
    },
  },
  {
    // Pure TypeScript: no packages, not even Node's, so every layer (handlers, CDK, browser tools) can load it.
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^[^.]', message: 'contract/ imports nothing but its own files.' }] },
      ],
    },
  },
  {
    // One alarm capability (every alarm is made by lib/alarms/alarm-factory.ts) and one place for accepted findings
    // (lib/security/acknowledgements, one file per pack): constructs neither make alarms nor acknowledge findings.
    files: ['lib/**/*.ts'],
    ignores: ['lib/alarms/**', 'lib/security/acknowledgements/**'],
    rules: { 'no-restricted-syntax': ['error', ...ALARM_RULES, ...ACKNOWLEDGEMENT_RULES] },
  },
  {
    files: ['lib/alarms/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...ACKNOWLEDGEMENT_RULES] },
  },
);
