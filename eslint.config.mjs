// ESLint: the electron-vite react-ts template's configuration (@electron-toolkit's TypeScript and
// Prettier presets, React, hooks, react-refresh), run by .ci/run. Formatting is Prettier's alone.
import { defineConfig } from 'eslint/config'
import tseslint from '@electron-toolkit/eslint-config-ts'
import eslintConfigPrettier from '@electron-toolkit/eslint-config-prettier'
import eslintPluginReact from 'eslint-plugin-react'
import eslintPluginReactHooks from 'eslint-plugin-react-hooks'
import eslintPluginReactRefresh from 'eslint-plugin-react-refresh'

export default defineConfig(
  {
    ignores: ['**/node_modules', '**/dist', '**/out', 'test/fixtures/**', 'bench/out/**', '.tmp/**']
  },
  tseslint.configs.recommended,
  eslintPluginReact.configs.flat.recommended,
  eslintPluginReact.configs.flat['jsx-runtime'],
  { settings: { react: { version: 'detect' } } },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: {
      'react-hooks': eslintPluginReactHooks,
      'react-refresh': eslintPluginReactRefresh
    },
    rules: {
      ...eslintPluginReactHooks.configs.recommended.rules,
      ...eslintPluginReactRefresh.configs.vite.rules,
      // React Compiler diagnostics (react-hooks 7): the app is not compiled by it, and what they flag
      // is deliberate here — a form's draft reset when the saved value changes, a ref holding the
      // latest callback. Rules of hooks and exhaustive deps stay errors.
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/refs': 'off',
      // Hot reload only: a module exporting a helper beside its component reloads whole in dev.
      'react-refresh/only-export-components': 'warn'
    }
  },
  {
    rules: {
      // Return types are written on declarations; callbacks and arrow expressions are inferred.
      '@typescript-eslint/explicit-function-return-type': [
        'error',
        {
          allowExpressions: true,
          allowTypedFunctionExpressions: true,
          allowHigherOrderFunctions: true
        }
      ],
      // `_name` marks a value kept on purpose (a destructured field left out, a parameter to match a signature).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ]
    }
  },
  eslintConfigPrettier,
  {
    // Formatting is checked by Prettier itself (npm run format:check in .ci/run), not twice.
    rules: { 'prettier/prettier': 'off' }
  },
  {
    // Each handler file's return type is inferred and checked against the Api where they are merged
    // (service/index.ts `satisfies Service`); tests and benches are scripts.
    files: [
      'src/core/service/handlers/**',
      '**/*.test.ts',
      'test/**',
      'bench/**',
      'scripts/**',
      '**/*.mjs'
    ],
    rules: { '@typescript-eslint/explicit-function-return-type': 'off' }
  }
)
