/** The built-in models as the page gets them: public/models/models.json, validated (model-catalog-schema.ts). */
import { parseModelCatalogJson, type CatalogModel, type ModelCatalog } from './model-catalog-schema';

export async function fetchCatalog(base = import.meta.env.BASE_URL): Promise<ModelCatalog> {
  const url = `${base}models/models.json`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The model list could not be loaded (HTTP ${response.status}).`);
  return parseModelCatalogJson(await response.text(), url);
}

export function modelUrl(model: CatalogModel, base = import.meta.env.BASE_URL): string {
  return `${base}models/${model.file}`;
}
