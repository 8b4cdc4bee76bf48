#include "ingest/roles.h"

#include "ingest/mentions.h"
#include "ingest/words.h"

namespace dossier {

using words::isOneOf;

bool isCyber(const std::string& cls) {
  return isOneOf(cls, {"cyberattack", "breach", "phishing", "ransomware", "vulnerability", "patch",
                       "spy", "leak"});
}

// Classes whose actor attacks its target: only hostile or unnamed actors carry them out.
bool isAttack(const std::string& cls) {
  return isOneOf(cls, {"cyberattack", "breach", "phishing", "ransomware", "spy"});
}

// Actors that never carry out an attack: victims, bystanders and defenders named generically
// ("users", "companies", "researchers"), companies of the dictionary, and the bodies that
// investigate, prosecute or suffer attacks (police, courts, legislatures, international
// organisations, schools, hospitals): "filed a complaint with the FBI", "Europol said ...".
bool cannotAttack(const Entity& e) {
  if (e.id.starts_with("ANY.")) return e.sector != "HAC";
  return e.id.starts_with("ORG.") || isOneOf(e.type, {"police", "prosecutor", "court",
                                                      "legislature", "igo", "education", "health"});
}

// Targets that are never attacked as such: attackers, malware, and researchers named
// generically.
bool cannotBeAttacked(const Entity& e) {
  return e.id == "ANY.HAC" || e.id == "ANY.RES" ||
         isOneOf(e.type, {"apt", "ransomware", "cybercrime", "hacktivist", "malware"});
}

bool isCompanyType(const std::string& type) {
  return isOneOf(type, {"security-vendor", "technology", "telecom", "finance", "retail", "health",
                        "media", "energy", "transport", "manufacturing", "defence", "consulting",
                        "other", "organization", "named", "business"});
}

bool isGroupType(const Entity& e) {
  return e.sector == "HAC" || isOneOf(e.type, {"apt", "ransomware", "cybercrime", "hacktivist"});
}

// A name the dictionaries do not know, and that the text does not call an attacker, is no
// attacker: "iPhone", "Windows", "Storm Center" or a company as the subject of "steal" or
// "trick" is a misreading ("Apps like TeamViewer have been used in scams"), and a new group is
// introduced as one ("a hacker known as Cipher0007", "the OurMine group").
// Civil bodies of a state (its tax office, a city, a ministry, a cyber-security centre) warn
// of, suffer and investigate attacks; a state's attacks are its government's, services' or
// military's ("the Chinese government", the MSS, the GRU).
// Its diplomats and officials may still spy.
bool unprovenAttacker(const Entity& e, const std::string& cls) {
  if (e.id.starts_with("ANY.") || isHostile(e)) return false;
  if (e.type == "malware") return true;  // the tool, not who wields it
  if (isOneOf(e.type, {"government", "ministry", "security", "cyber"}))
    return cls != "spy" && e.sector != "DIP" && !(e.id.size() == 7 && e.id.ends_with(".GOV"));
  return isCompanyType(e.type);
}

// Who may be the source of an attribution: anyone but the attackers themselves.
bool canReport(const Entity& e) {
  return !e.id.empty() && e.id != kUnknownActorId && e.id != "ANY.HAC" && e.sector != "HAC" &&
         !isOneOf(e.type,
                  {"apt", "ransomware", "cybercrime", "hacktivist", "civilians", "systems"});
}

// Who may be accused by being named near a reporting verb: a named or typed attacker.
bool canBeAccused(const Entity& e) {
  return !e.id.empty() && e.id != kUnknownActorId && e.id != "ANY.HAC" &&
         !e.id.starts_with("ANY.") &&
         (e.sector == "HAC" || isOneOf(e.type, {"apt", "ransomware", "cybercrime", "hacktivist"}));
}

}  // namespace dossier
