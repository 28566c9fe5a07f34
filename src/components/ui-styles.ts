import { css } from 'lit';

/** Controls shared by the app's panels: large enough to hit with a thumb. */
export const controlStyles = css`
  button,
  select,
  input[type='url'],
  input[type='text'],
  input[type='search'] {
    font: inherit;
    min-height: 36px;
    padding: var(--control-padding, 4px 10px);
    border-radius: 8px;
    border: 1px solid #555;
    background: #222;
    color: #eee;
  }
  button {
    cursor: pointer;
  }
  select {
    min-width: 0;
    max-width: 100%;
    text-overflow: ellipsis;
  }
  button:hover {
    background: #333;
  }
  label {
    min-width: 0;
    max-width: 100%;
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
  }
  input[type='file'] {
    display: none;
  }
  button,
  select,
  input {
    touch-action: manipulation;
  }
  /* Touch screens: targets of at least 44 CSS pixels. */
  @media (pointer: coarse) {
    button,
    select {
      min-height: 44px;
      min-width: 44px;
    }
    input[type='range'] {
      min-height: 32px;
    }
    input[type='checkbox'] {
      width: 32px;
      height: 32px;
      margin: 0;
    }
  }
`;
