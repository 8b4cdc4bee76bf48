// Which part an actor may play in an event: who may attack, be attacked, report or be
// accused. Private to ingest/ (the extractor and its tests). Pure functions of their
// arguments; thread-safe.
#pragma once

#include <string>

#include "schema/model.h"

namespace dossier {

// Cyber classes: the acts of intrusion, attack, deception, extortion, flaws and fixes.
bool isCyber(const std::string& cls);

// Classes whose actor attacks its target: only hostile or unnamed actors carry them out.
bool isAttack(const std::string& cls);

// Actors that never carry out an attack: victims, bystanders and defenders named generically,
// companies of the dictionaries, and the bodies that investigate, prosecute or suffer attacks.
bool cannotAttack(const Entity& e);

// Targets that are never attacked as such: attackers, malware and researchers named
// generically.
bool cannotBeAttacked(const Entity& e);

// Types of companies and organisations, and of names typed by no more than their form.
bool isCompanyType(const std::string& type);

// Threat-actor groups and attackers named by their kind.
bool isGroupType(const Entity& e);

// A name the text does not show to be an attacker, as the subject of an attack of class `cls`:
// the attacker is then unknown (see roles.cpp).
bool unprovenAttacker(const Entity& e, const std::string& cls);

// Who may be the source of an attribution: anyone but the attackers themselves.
bool canReport(const Entity& e);

// Who may be accused by being named near a reporting verb: a named or typed attacker.
bool canBeAccused(const Entity& e);

}  // namespace dossier
