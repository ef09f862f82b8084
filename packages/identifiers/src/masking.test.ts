import { describe, expect, it } from 'vitest';
import { maskCitizenId, maskName, maskPhone } from './masking.ts';

describe('masking for display', () => {
  it('shows the first 3 and last 4 characters of an identity number', () => {
    expect(maskCitizenId('110105194912311233')).toBe('110***********1233');
    expect(maskCitizenId(' 11010519491231002X ')).toBe('110***********002X');
  });

  it('shows the first 3 and last 4 digits of a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('masks everything when too short to keep both ends', () => {
    expect(maskPhone('1234567')).toBe('*******');
    expect(maskCitizenId('')).toBe('');
  });

  it('keeps only the first character of a name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('*');
  });

  it('counts characters outside the BMP as one', () => {
    // 𠇔 is U+201D4 (CJK Extension B), two UTF-16 units.
    expect(maskName('𠇔小明')).toBe('𠇔**');
    expect(maskName('王𠇔')).toBe('王*');
  });
});
