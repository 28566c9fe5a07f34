/** The built-in models listed in public/models/models.json. */
export interface CatalogModel {
  id: string;
  name: string;
  file: string;
  sha256: string;
  bytes: number;
  license: string;
  upstream: string | null;
}

export interface ModelCatalog {
  default: string;
  models: CatalogModel[];
}

export async function fetchCatalog(base = import.meta.env.BASE_URL): Promise<ModelCatalog> {
  const response = await fetch(`${base}models/models.json`);
  if (!response.ok) throw new Error(`The model list could not be loaded (HTTP ${response.status}).`);
  return (await response.json()) as ModelCatalog;
}

export function modelUrl(model: CatalogModel, base = import.meta.env.BASE_URL): string {
  return `${base}models/${model.file}`;
}
