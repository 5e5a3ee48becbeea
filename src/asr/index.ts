// Automatic speech recognition: the one door to whisper.cpp. The pipeline (src/transcription/)
// uses createAsrEngine and the types; main.ts checks the settings at start-up.
export { checkAsrSettings, type AsrSettingsCheck } from './settings.ts';
export { createAsrEngine, type WhisperEngine } from './engine.ts';
export * from './types.ts';
