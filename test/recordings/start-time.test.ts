// Start times of recorder files: every documented name pattern, offsets, and the zone rules.
import { describe, expect, it } from 'vitest';
import { startFromFileName, startFromMetadata } from '../../src/recordings/start-time.ts';

const WIB = 'Asia/Jakarta';
const at = (name: string, zone = WIB) => startFromFileName(name, zone)?.toISOString() ?? null;

describe('start time from a file name', () => {
  it.each([
    ['2021-09-08_09-00-00.mp3', '2021-09-08T02:00:00.000Z'],
    ['2021-09-08T09-00-00.wav', '2021-09-08T02:00:00.000Z'],
    ['2021-09-08 09.00.00.flac', '2021-09-08T02:00:00.000Z'],
    ['logger_2021-09-08_09-30.mp3', '2021-09-08T02:30:00.000Z'],
    ['20210908-090000.mp3', '2021-09-08T02:00:00.000Z'],
    ['20210908_091530.ogg', '2021-09-08T02:15:30.000Z'],
    ['rri-pky-20210908T235959.mp3', '2021-09-08T16:59:59.000Z'],
  ])('reads %s in the station zone', (name, expected) => {
    expect(at(name)).toBe(expected);
  });

  it.each([
    ['2021-09-08_09-00-00Z.mp3', '2021-09-08T09:00:00.000Z'],
    ['2021-09-08_09-00-00+0800.mp3', '2021-09-08T01:00:00.000Z'],
    ['2021-09-08_09-00-00+09:00.mp3', '2021-09-08T00:00:00.000Z'],
    ['20210908-090000+07.mp3', '2021-09-08T02:00:00.000Z'],
    ['20210908-090000-0330.mp3', '2021-09-08T12:30:00.000Z'],
  ])('takes the offset a name carries: %s', (name, expected) => {
    expect(at(name)).toBe(expected);
  });

  it('reads the same name differently at stations in different zones', () => {
    expect(at('2021-09-08_09-00-00.mp3', 'Asia/Makassar')).toBe('2021-09-08T01:00:00.000Z');
    expect(at('2021-09-08_09-00-00.mp3', 'Asia/Jayapura')).toBe('2021-09-08T00:00:00.000Z');
  });

  it('finds no time in names without one, or with an impossible one', () => {
    expect(at('studio-dialog.mp3')).toBeNull();
    expect(at('2021-13-08_09-00-00.mp3')).toBeNull();
    expect(at('2021-09-08_25-00-00.mp3')).toBeNull();
    expect(at('2021-02-30_09-00-00.mp3')).toBeNull();
  });

  it('refuses a wall-clock time that does not exist in the zone (a daylight-saving gap)', () => {
    expect(at('2021-03-28_02-30-00.mp3', 'Europe/Berlin')).toBeNull();
    expect(at('2021-03-28_03-30-00.mp3', 'Europe/Berlin')).toBe('2021-03-28T01:30:00.000Z');
  });
});

describe('start time from the file itself', () => {
  it('takes an instant with an offset as it is, and one without in the station zone', () => {
    expect(startFromMetadata('2021-09-08T02:00:00.000000Z', WIB)?.toISOString()).toBe('2021-09-08T02:00:00.000Z');
    expect(startFromMetadata('2021-09-08 09:00:00', WIB)?.toISOString()).toBe('2021-09-08T02:00:00.000Z');
    expect(startFromMetadata(null, WIB)).toBeNull();
    expect(startFromMetadata('yesterday', WIB)).toBeNull();
  });
});
