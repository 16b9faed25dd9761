"""forces.parquet: the 43 territorial police forces of England and Wales (reference data, not extracted)."""
import pandera.pandas as pa
from pandera.typing import Series


class Forces(pa.DataFrameModel):
    force_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z]+(-[a-z]+)*$", description="police.uk style force id, the key other tables join on")
    name: Series[str] = pa.Field(unique=True, description="the force's usual name")
    ons_code: Series[str] = pa.Field(unique=True, str_matches=r"^(E23|W15)\d{6}$", description="ONS police force area code")
    country: Series[str] = pa.Field(isin=["England", "Wales"], description="country of the police force area")
    aliases: Series[list[str]] = pa.Field(description="name variants seen in documents that resolve to this force (list of strings)")

    class Config:
        coerce = True
