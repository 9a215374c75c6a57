/** ISO 7816 APDU layer, terminal side (Es10Session) and card side (Uicc), as SGP.32 ES10 uses it. */
export * from './apdu';
export * from './sw';
export * from './ins';
export * from './channel';
export * from './store-data';
export * from './card-errors';
export * from './es10-session';
export * from './card-status';
export * from './card-application';
export * from './card-channel';
export * from './hooks';
export * from './card-side';
