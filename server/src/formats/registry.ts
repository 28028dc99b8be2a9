// Every format Infraflow serves. Detection tries them in this order; adding a format means adding a folder
// and a line here, never touching the features.
import { atmosFormat } from "./atmos";
import { deisFormat } from "./deis";
import { env0Format } from "./env0";
import { fabrikateFormat } from "./fabrikate";
import { polycrateFormat } from "./polycrate";
import type { FormatModule } from "./types";

export const FORMATS: readonly FormatModule[] = [polycrateFormat, atmosFormat, env0Format, fabrikateFormat, deisFormat];
