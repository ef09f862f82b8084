// W3C VC 2.0 Data Integrity `eddsa-jcs-2022` and Bitstring Status List (pure).
export * from './data-integrity.ts';
export * from './status-list.ts';
