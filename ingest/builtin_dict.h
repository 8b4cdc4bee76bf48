// The shipped dictionaries (ingest/dict/*.tsv), embedded at build time by embed_dict.cmake.
#pragma once

#include <string_view>

namespace dossier::builtin_dict {
extern const std::string_view kCountries;
extern const std::string_view kAgencies;
extern const std::string_view kGroups;
extern const std::string_view kCompanies;
extern const std::string_view kAgents;
extern const std::string_view kVerbs;
extern const std::string_view kNouns;
extern const std::string_view kNaming;
}  // namespace dossier::builtin_dict
