import { css, unsafeCSS } from 'lit';
import { PHONE_LANDSCAPE_QUERY, PHONE_QUERY } from './lib/media-queries';
import { controlStyles } from './ui-styles';

/**
 * <detector-app>'s layout. Desktop: controls above and below the picture. Phone: the picture fills the screen, the
 * controls float over it within thumb reach (bottom in portrait, right edge in landscape), clear of the notch and
 * home indicator.
 */
export const detectorAppStyles = [
  controlStyles,
  css`
  :host {
    display: grid;
    grid-template-columns: auto 1fr auto;
    grid-template-rows: auto 1fr auto;
    grid-template-areas: 'top dock monitor' 'view view monitor' 'sheet sheet monitor';
    height: 100%;
    min-height: 0;
    color: #eee;
    background: #111;
    font: 14px/1.4 system-ui, sans-serif;
  }
  .top,
  .dock,
  .sheet {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 16px;
    align-items: center;
    padding: 8px;
    background: #1a1a1a;
  }
  .top {
    grid-area: top;
  }
  .dock {
    grid-area: dock;
  }
  .sheet {
    grid-area: sheet;
  }
  .controls {
    display: contents;
  }
  .sheet-toggle {
    display: none;
  }
  h1 {
    font-size: 16px;
    margin: 0;
  }
  source-view {
    grid-area: view;
    min-height: 200px;
  }
  /* The monitor's panel: a column beside the picture on a desktop, over it on a phone. */
  monitor-panel {
    grid-area: monitor;
    display: none;
    box-sizing: border-box;
    width: min(460px, 45vw);
    min-height: 0;
    background: #161616;
    border-left: 1px solid #333;
  }
  monitor-panel.open {
    display: flex;
  }
  stats-hud {
    position: absolute;
    top: 8px;
    left: 8px;
  }
  app-messages {
    grid-area: view;
    align-self: end;
    z-index: 2;
    margin: 8px;
  }
  /* Alerts: top centre of the picture, above everything but the monitor panel on a phone. */
  alert-banners {
    grid-area: view;
    align-self: start;
    justify-self: center;
    z-index: 4;
    width: min(32em, calc(100% - 16px));
    margin: 8px;
  }
  @media ${unsafeCSS(PHONE_QUERY)} {
    /* The monitor's panel takes the whole screen: what it covers is out of the way, not under a finger. */
    :host([monitor-open]) .top,
    :host([monitor-open]) .controls {
      visibility: hidden;
    }
    monitor-panel {
      position: absolute;
      z-index: 3;
      inset: 0;
      width: auto;
      padding: calc(8px + env(safe-area-inset-top)) calc(8px + env(safe-area-inset-right)) calc(8px + env(safe-area-inset-bottom)) calc(8px + env(safe-area-inset-left));
      background: rgb(17 17 17 / 0.97);
      border: none;
    }
    :host {
      display: block;
      position: relative;
      overflow: hidden;
      --control-padding: 4px 7px;
    }
    source-view {
      position: absolute;
      inset: 0;
      min-height: 0;
    }
    .top {
      position: absolute;
      z-index: 2;
      top: 0;
      left: 0;
      right: 0;
      justify-content: flex-end;
      gap: 8px;
      padding: calc(6px + env(safe-area-inset-top)) calc(8px + env(safe-area-inset-right)) 6px calc(8px + env(safe-area-inset-left));
      background: linear-gradient(rgb(0 0 0 / 0.7), rgb(0 0 0 / 0));
    }
    h1 {
      margin-right: auto;
    }
    alert-banners {
      position: absolute;
      top: calc(56px + env(safe-area-inset-top));
      left: 50%;
      transform: translateX(-50%);
      margin: 0;
    }
    stats-hud {
      top: calc(64px + env(safe-area-inset-top));
      left: calc(8px + env(safe-area-inset-left));
    }
    .controls {
      position: absolute;
      z-index: 2;
      left: 0;
      right: 0;
      bottom: 0;
      max-height: 100%;
      display: flex;
      flex-direction: column;
      pointer-events: none;
    }
    .controls > * {
      pointer-events: auto;
    }
    app-messages {
      margin: 8px calc(8px + env(safe-area-inset-right)) 8px calc(8px + env(safe-area-inset-left));
    }
    .sheet {
      display: none;
      flex-direction: column;
      align-items: stretch;
      flex-wrap: nowrap;
      min-height: 0;
      max-height: 55vh;
      overflow: auto;
      padding: 10px calc(10px + env(safe-area-inset-right)) 10px calc(10px + env(safe-area-inset-left));
      background: rgb(26 26 26 / 0.96);
    }
    .sheet.open {
      display: flex;
    }
    .dock {
      flex-wrap: nowrap;
      justify-content: center;
      align-items: flex-end;
      gap: 8px;
      padding: 8px calc(8px + env(safe-area-inset-right)) calc(8px + env(safe-area-inset-bottom)) calc(8px + env(safe-area-inset-left));
      background: rgb(17 17 17 / 0.85);
    }
    .sheet-toggle {
      display: inline-block;
    }
  }
  @media ${unsafeCSS(PHONE_LANDSCAPE_QUERY)} {
    .top {
      right: auto;
      background: none;
    }
    h1 {
      display: none;
    }
    stats-hud {
      top: calc(64px + env(safe-area-inset-top));
    }
    .controls {
      top: 0;
      left: auto;
      flex-direction: row;
      align-items: stretch;
    }
    .dock {
      flex-direction: column;
      justify-content: center;
      padding: calc(8px + env(safe-area-inset-top)) calc(8px + env(safe-area-inset-right)) calc(8px + env(safe-area-inset-bottom)) 8px;
      --source-bar-direction: column;
    }
    .sheet {
      box-sizing: border-box;
      width: min(24em, 55vw);
      max-height: none;
      padding: calc(10px + env(safe-area-inset-top)) 10px calc(10px + env(safe-area-inset-bottom));
    }
    app-messages {
      position: absolute;
      right: 100%;
      bottom: calc(env(safe-area-inset-bottom));
      width: min(24em, 50vw);
    }
  }
  `,
  /* Kiosk (locked): the picture fills the screen; only the Settings (PIN) and Health buttons float over it. */
  css`
    :host([kiosk]:not([unlocked])) {
      grid-template-areas: 'view';
      grid-template-columns: 1fr;
      grid-template-rows: 1fr;
    }
    :host([kiosk]:not([unlocked])) .sheet,
    :host([kiosk]:not([unlocked])) .dock,
    :host([kiosk]:not([unlocked])) .top,
    :host([kiosk]:not([unlocked])) monitor-panel {
      display: none;
    }
    .kiosk {
      grid-area: view;
      justify-self: end;
      align-self: start;
      z-index: 3;
      margin: 8px;
      display: grid;
      gap: 8px;
      justify-items: end;
    }
  `,
];
