import { creditCodeCheckChar, getDivision, organisationCodeCheckChar } from '@anzheng/identifiers';

/**
 * The issuing authority of a certificate (docs/certificates.md "Issuer"): the province of the
 * application's division (`<pp>0000`), or the Ministry for a national division.
 */
export const NATIONAL_ISSUER = '000000';

export function issuerCodeOf(divisionCode: string): string {
  return divisionCode === NATIONAL_ISSUER ? NATIONAL_ISSUER : `${divisionCode.slice(0, 2)}0000`;
}

/** `广东省应急管理厅`; municipalities have a 局 (`北京市应急管理局`); national `应急管理部`. */
export function issuerNameOf(issuerCode: string): string {
  if (issuerCode === NATIONAL_ISSUER) return '应急管理部';
  const name = getDivision(issuerCode)?.name ?? issuerCode;
  return name.endsWith('市') ? `${name}应急管理局` : `${name}应急管理厅`;
}

/**
 * The issuer's unified social credit code for the 电子证照 id. Until the real codes of the 32
 * authorities are configured, a deterministic, GB 32100-valid code of a 机关 (registration
 * authority 1, type 1) in the issuer's division is used (docs/certificates.md, open question).
 */
export function issuerCreditCode(issuerCode: string): string {
  const division = issuerCode === NATIONAL_ISSUER ? '100000' : issuerCode;
  const body = `AQ${issuerCode}`;
  const first17 = `11${division}${body}${organisationCodeCheckChar(body)}`;
  return `${first17}${creditCodeCheckChar(first17)}`;
}
