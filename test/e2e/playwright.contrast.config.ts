// `npm run test:contrast`: the slow screenshot-and-contrast pass (every screen at
// two sizes and two themes, every kind of control hovered and focused). Not part
// of `npm test` yet: each of its four runs takes over 10 minutes here.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testMatch: '**/*.slow.ts',
  timeout: 1_200_000,
  reporter: [['list']],
});
