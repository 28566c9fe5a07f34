/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { DetectorEngine } from '../src/engine/engine';

// The worker only exposes the engine: everything GPU and onnxruntime lives behind it.
Comlink.expose(new DetectorEngine());
