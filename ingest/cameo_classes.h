// The action class (DESIGN.md, "Action classes") of a CAMEO-coded event, from its code or, when
// a data set gives only the label (ICEWS18), from the label. Pure functions, thread-safe.
#pragma once

#include <string_view>

namespace dossier {

// Class of a CAMEO code with leading zeros ("112" -> accuse, "0231" -> appeal, "173" -> arrest).
// Every code maps to some class; an unknown root maps to "statement".
std::string_view classOfCameoCode(std::string_view code);

// Class of a CAMEO label as ICEWS spells it ("Accuse of espionage, treason" -> accuse,
// "Arrest, detain, or charge with legal action" -> arrest); "statement" when no rule applies.
std::string_view classOfCameoLabel(std::string_view label);

}  // namespace dossier
