// Prettier formats the code; ESLint (eslint.config.js) checks it.
export default {
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
  arrowParens: 'always',
  // Lit's html`` and css`` templates are left as written: whitespace in a template is the element's content, and
  // reflowing it would change what the page shows.
  embeddedLanguageFormatting: 'off',
};
