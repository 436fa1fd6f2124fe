// ESLint flat config: type-aware rules, and the process boundaries of design.md enforced by lint.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const IPC_HELPERS = ['electron/main/ipc-bridge.ts', 'electron/preload/bridge.ts'];

// The layers of design.md, pointing one way: hosts -> app -> domain -> shared/.
const HOSTS = ['electron/main', 'electron/preload', 'electron/ipc', 'electron/serve', 'electron/cli'];
const APP = ['electron/app', 'electron/jobs', 'electron/settings', 'electron/workers', 'electron/compose.ts'];
const DOMAIN = [
  'electron/containerd',
  'electron/checkpoint',
  'electron/archive',
  'electron/criu',
  'electron/inspect',
  'electron/fs',
];
const LAYER_ZONES = [
  ...DOMAIN.map((target) => ({
    target,
    from: [...HOSTS, ...APP],
    message: 'A domain folder never imports a host or the app layer (hosts -> app -> domain -> shared).',
  })),
  ...APP.map((target) => ({
    target,
    from: HOSTS,
    message: 'The app layer never imports a host (hosts -> app -> domain -> shared).',
  })),
  { target: 'shared', from: ['electron', 'renderer'], message: 'shared/ imports nothing from electron/ or renderer/.' },
  {
    target: 'renderer',
    from: ['electron'],
    message: 'The renderer never imports electron/; it speaks only window.api.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.{ts,tsx,mts}'],
    plugins: { 'import-x': importX },
    settings: {
      // no-cycle follows only the files it can parse: ours.
      'import-x/extensions': ['.ts', '.tsx', '.mts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: ['tsconfig.json', 'renderer/tsconfig.json'] }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
      // Type-only imports form no cycle at run time; external packages are not walked.
      'import-x/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: false }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.mts', 'renderer/vite.config.mts'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/electron/**', 'electron', 'node:*'], message: 'The renderer speaks only window.api.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'No HTML from archive data, ever.',
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'electron', '**/electron/**', '**/renderer/**'], message: 'shared/ is host-neutral.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only electron/main and electron/preload import electron.' }] },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    ignores: IPC_HELPERS,
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "Identifier[name='ipcMain']", message: 'Only electron/main/ipc-bridge.ts touches ipcMain.' },
        { selector: "Identifier[name='ipcRenderer']", message: 'Only electron/preload/bridge.ts touches ipcRenderer.' },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
